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
            var d = this;
            d.Uptime -= prev.Uptime;
            d.InMsgs -= prev.InMsgs;
            d.InBytes -= prev.InBytes;
            d.OutMsgs -= prev.OutMsgs;
            d.OutBytes -= prev.OutBytes;
            d.SlowConsumers -= prev.SlowConsumers;
            return d;
        }

        /// <summary>Renders the snapshot on one line for logs.</summary>
        public override string ToString()
        {
            return string.Format(CultureInfo.InvariantCulture,
                "{0}: {1} clients, {2} subscriptions, in {3} msgs ({4}), out {5} msgs ({6}), {7} slow consumers",
                Name, Clients, Subscriptions,
                InMsgs, StatsHelpers.FormatBytes(InBytes), OutMsgs, StatsHelpers.FormatBytes(OutBytes), SlowConsumers);
        }
    }
}
