namespace Linq;

// The class header is indented with no-break spaces (U+00A0), and an
// ideographic space (U+3000) stands between two words.
    public abstract partial class JContainer
    {
        public int Count()　{ return 1; }
        internal void Clear() => Items.Clear();
    }
