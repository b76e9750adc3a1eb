using System;
using System.Collections.Generic;
using System.Linq;

namespace Locals
{
    public class WithLocals
    {
        // Field initializers with lambdas and blocks are not members.
        private readonly Func<int, int> _twice = x => x * 2;
        private readonly Action _block = () => { var y = 1; Console.WriteLine(y); };
        private readonly Dictionary<string, Func<string>> _table = new()
        {
            ["a"] = () => "}",
            ["b"] = delegate { return "{"; },
        };
        private static readonly int[] Numbers = { 1, 2, 3 };
        public int Initialized { get; set; } = Compute(() => { return 1; });

        public int Outer(int n)
        {
            int Local(int k) { return k + 1; }
            static int StaticLocal(int k) => k * 2;
            void Nested() { void Deeper() { } Deeper(); }
            Func<int, int> lambda = v => { return v - 1; };
            var anon = new { Name = "x", Value = n };
            Nested();
            return Local(n) + StaticLocal(n) + lambda(anon.Value);
        }

        public IEnumerable<int> Iterator()
        {
            foreach (var n in Numbers.Where(x => x > 1).Select(x => { return x; }))
            {
                yield return n;
            }
        }

        public string Switch(object o) => o switch
        {
            int i when i > 0 => "positive",
            string { Length: 0 } => "empty",
            _ => "other",
        };

        public void Events()
        {
            EventHandler h = delegate (object? s, EventArgs e) { };
            h += (s, e) => { };
        }

        private static int Compute(Func<int> f) => f();

        public void Last() { }
    }
}
