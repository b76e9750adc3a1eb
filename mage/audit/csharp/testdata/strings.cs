namespace Literals
{
    public class Strings
    {
        private const string Open = "{";
        private const string Close = "}";
        private const string Escaped = "a \"quoted\" {brace} \\ and \t tab";
        private static readonly string Verbatim = @"C:\path\""{not a hole}""\";
        private static readonly char[] Chars = { '{', '}', '\'', '"', '\\', '\u0041', '\x7B', 'é' };

        public string Regular() { return "}" + "\"}" + "{\\"; }

        public string Interpolated(int x, string s)
        {
            return $"{x} {{literal}} {s.Length} }}";
        }

        public string Nested(bool b, string s)
        {
            return $"{(b ? $"{s}" : "}")} {s.Replace("}", "{")} {new { A = 1 }.A}";
        }

        public string Formats(double d, int i)
        {
            return $"{d:N2} {i,10:D4} {i,-3} {global::System.Math.PI:F3} {d:#,##0.00;(#)}";
        }

        public string VerbatimInterpolated(string dir) => $@"{dir}\""{{x}}""
{dir.Length}" + @$"{dir}\next""";

        public string Raw()
        {
            var a = """
                {"key": "value", "brace": "}"}
                "" two quotes and " one
                """;
            var b = """"
                A raw string holding """ three quotes {
                """";
            var c = """single line { "quoted" }""";
            return a + b + c;
        }

        public string RawInterpolated(int x)
        {
            var a = $"""
                {x} and "quoted" {x + 1}
                """;
            var b = $$"""
                { "value": {{x}}, "json": {"nested": true} }
                """;
            var c = $$$"""{{ {{{x}}} }}""";
            return a + b + c;
        }

        public char[] CharLiterals() => new[] { '{', '}', '\'', '"', '/', '\u007D', '\U0001F600' };

        public string Comments() => "/* not a comment */" + "// nor this" + @"/*" + $"{"//"}";

        public string HoleWithStringsAndChars(string s)
        {
            return $"{s.Split('}')[0]} {s.IndexOf("{")} {string.Join(",", new[] { "a", "}" })}";
        }

        public string MultiLineHole(int[] xs) => $"{
            xs.Length // a comment inside a hole }
        } items";

        public void AfterAllThat() { }
    }
}
