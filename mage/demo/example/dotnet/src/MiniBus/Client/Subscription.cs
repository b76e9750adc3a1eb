using MiniBus.Subjects;

namespace MiniBus.Client
{
    /// <summary>
    /// One client's interest in a subject pattern, under an ID the client
    /// chose. Port of client.go's subscription.
    /// </summary>
    internal sealed class Subscription
    {
        internal Subscription(ClientConnection client, int sid, string pattern)
        {
            Client = client;
            Sid = sid;
            Pattern = pattern;
        }

        internal ClientConnection Client { get; }

        internal int Sid { get; }

        internal string Pattern { get; }

        /// <summary>Reports whether this subscription wants a message on <paramref name="subject"/>.</summary>
        internal bool Matches(string subject)
        {
            return SubjectHelpers.SubjectMatches(Pattern, subject);
        }
    }
}
