using System;
using System.Globalization;

namespace MiniBus.Monitoring
{
    /// <summary>A snapshot of a server's counters. Port of stats.go's Stats.</summary>
    public struct Stats
    {
        public string Name { get; set; }
        public TimeSpan Uptime { get; set; }
        public int Clients { get; set; }
        public int Subscriptions { get; set; }
        public long InMsgs { get; set; }
        public long InBytes { get; set; }
        public long OutMsgs { get; set; }
        public long OutBytes { get; set; }
        public long SlowConsumers { get; set; }

        /// <summary>
        /// What happened between <paramref name="prev"/> and this snapshot:
        /// counters become differences and Uptime the interval, while Clients and
        /// Subscriptions stay as they are, because they are levels, not counts.
        /// </summary>
        public Stats Delta(Stats prev)
        {
            throw new NotImplementedException();
        }

        /// <summary>Renders the snapshot on one line for logs.</summary>
        public override string ToString()
        {
            // TODO: port
            return string.Empty;
        }
    }
}
