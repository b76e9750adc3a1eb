// A file whose comments hold every kind of trap: braces, quotes, nested markers.
/* A block comment { with an open brace
   and "an unterminated string
*/
namespace Comments
{
    /// <summary>
    /// Doc comment with a brace } and a generic List<T>.
    /// </summary>
    public class Commented
    {
        // public void NotAMember() { }
        /* public void AlsoNotAMember() { } */

        /// <summary>Real member.</summary>
        public int First() // trailing comment with {
        {
            // } a closing brace in a line comment
            /* } */ return 1; /* { */
        }

        public int Second() /* { */ => 2; // }

        public string Third()
        {
            var url = "http://example.com/*not a comment*/"; // "quoted"
            var path = "// not a comment either {";
            return url + path;
        }

        /** Javadoc-style block comment { */
        public void Fourth() { /* only a comment */ }

        public void Fifth() { // a comment
        }

        public void Sixth() { /* a /* nested-looking opener */ }
    }
}
