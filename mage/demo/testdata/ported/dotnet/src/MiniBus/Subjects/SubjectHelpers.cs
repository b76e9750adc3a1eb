namespace MiniBus.Subjects
{
    /// <summary>
    /// The standalone functions of subject.go. Subjects are tokens separated by
    /// dots, such as "orders.eu.created". A subscription pattern may use "*" for
    /// exactly one token and, as its last token, ">" for one or more.
    /// </summary>
    internal static class SubjectHelpers
    {
        internal const char TokenSep = '.';
        internal const string SingleWild = "*";
        internal const string FullWild = ">";

        private static readonly char[] Reserved = { '*', '>', ' ', '\t', '\r', '\n' };

        /// <summary>Splits a subject or pattern into its tokens.</summary>
        internal static string[] Tokenize(string subject)
        {
            return subject.Split(TokenSep);
        }

        /// <summary>
        /// Reports whether <paramref name="subject"/> can be published to:
        /// non-empty tokens, no wildcards, no white space.
        /// </summary>
        internal static bool ValidSubject(string subject)
        {
            if (string.IsNullOrEmpty(subject))
            {
                return false;
            }
            foreach (var tok in Tokenize(subject))
            {
                if (tok.Length == 0 || tok.IndexOfAny(Reserved) >= 0)
                {
                    return false;
                }
            }
            return true;
        }

        /// <summary>
        /// Reports whether <paramref name="pattern"/> can be subscribed to: like a
        /// subject, but a token may be a lone "*", and the last token a lone ">".
        /// </summary>
        internal static bool ValidPattern(string pattern)
        {
            if (string.IsNullOrEmpty(pattern))
            {
                return false;
            }
            var toks = Tokenize(pattern);
            for (var i = 0; i < toks.Length; i++)
            {
                var tok = toks[i];
                if (tok == SingleWild)
                {
                    continue;
                }
                if (tok == FullWild)
                {
                    if (i != toks.Length - 1)
                    {
                        return false;
                    }
                    continue;
                }
                if (tok.Length == 0 || tok.IndexOfAny(Reserved) >= 0)
                {
                    return false;
                }
            }
            return true;
        }

        /// <summary>Reports whether the literal <paramref name="subject"/> matches <paramref name="pattern"/>.</summary>
        internal static bool SubjectMatches(string pattern, string subject)
        {
            var pt = Tokenize(pattern);
            var st = Tokenize(subject);
            for (var i = 0; i < pt.Length; i++)
            {
                if (pt[i] == FullWild)
                {
                    return st.Length > i;
                }
                if (i >= st.Length)
                {
                    return false;
                }
                if (pt[i] != SingleWild && pt[i] != st[i])
                {
                    return false;
                }
            }
            return pt.Length == st.Length;
        }
    }
}
