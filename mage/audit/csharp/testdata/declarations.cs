using System;
using System.Collections.Generic;
using Alias = System.Collections.Generic.Dictionary<string, int>;

namespace Outer
{
    namespace Inner
    {
        public class Plain
        {
            public Plain() { }
            public Plain(int x) : this() { _ = x; }
            static Plain() { }
            ~Plain() { }
            public void Method() { }
            public T Generic<T>(T value) where T : class, new() => value;
            public (int A, string B) Tuple() => (1, "b");
            public ref int RefReturn(int[] a) => ref a[0];
            public unsafe int* Pointer(int* p) => p;
            public int[,] Matrix() => new int[1, 1];
            public int? Nullable() => null;
            public global::System.String Qualified() => "";
            public async System.Threading.Tasks.Task Async() { await System.Threading.Tasks.Task.Yield(); }
            [System.Runtime.InteropServices.DllImport("libc")]
            public static extern int getpid();
            public partial class Nested
            {
                public void InNested() { }
                private struct Deeper
                {
                    public void InDeeper() { }
                }
            }
        }

        public struct Point
        {
            public int X;
            public int Y;
            public Point(int x, int y) { X = x; Y = y; }
            public readonly double Length() => Math.Sqrt(X * X + Y * Y);
        }

        public record Person(string First, string Last)
        {
            public string Full => $"{First} {Last}";
        }

        public record class Animal(string Name);
        public record struct Pair(int A, int B);
        public readonly record struct Money(decimal Amount)
        {
            public Money Add(Money o) => new(Amount + o.Amount);
        }

        public interface IShape
        {
            double Area();
            string Name { get; }
            event EventHandler Changed;
            int this[int i] { get; set; }
            void Describe() { Console.WriteLine(Name); }
            static abstract IShape Create();
        }

        public enum Color { Red, Green = 2, Blue = 1 << 2, }

        [Flags]
        public enum Access : byte
        {
            None = 0,
            Read = 1,
        }

        public abstract class Base<TKey, TValue> : IDisposable
            where TKey : notnull, IComparable<TKey>
            where TValue : class, new()
        {
            protected abstract TValue Make(TKey key);
            public virtual void Dispose() { }
            void IDisposable.Dispose() { Dispose(); }
            IEnumerator<TKey> System.Collections.Generic.IEnumerable<TKey>.GetEnumerator() => throw new NotImplementedException();
        }

        public sealed class Derived : Base<string, object>
        {
            protected override object Make(string key) => new();
            public new void Dispose() { base.Dispose(); }
        }

        public delegate void Handler(object sender, EventArgs e);
        public class Generic<T> where T : struct { }
        class Primary(int seed)
        {
            public int Seed() => seed;
        }
    }
}
