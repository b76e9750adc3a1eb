using System.Threading;
using MiniBus.Monitoring;

namespace MiniBus
{
    /// <summary>The Server methods of stats.go.</summary>
    public sealed partial class NatsServer
    {
        // Counters are updated with Interlocked so that publishers never wait
        // on each other just to count.
        private long _inMsgs;
        private long _inBytes;
        private long _outMsgs;
        private long _outBytes;
        private long _slowConsumers;

        /// <summary>Takes a snapshot of the server's counters.</summary>
        public Stats Stats()
        {
            return new Stats
            {
                Name = _opts.Name,
                Uptime = _uptime.Elapsed,
                Clients = NumClients(),
                Subscriptions = NumSubscriptions(),
                InMsgs = Interlocked.Read(ref _inMsgs),
                InBytes = Interlocked.Read(ref _inBytes),
                OutMsgs = Interlocked.Read(ref _outMsgs),
                OutBytes = Interlocked.Read(ref _outBytes),
                SlowConsumers = Interlocked.Read(ref _slowConsumers),
            };
        }

        /// <summary>Counts one published message of <paramref name="n"/> bytes.</summary>
        internal void RecordIn(int n)
        {
            Interlocked.Increment(ref _inMsgs);
            Interlocked.Add(ref _inBytes, n);
        }

        /// <summary>Counts one delivered message of <paramref name="n"/> bytes.</summary>
        internal void RecordOut(int n)
        {
            Interlocked.Increment(ref _outMsgs);
            Interlocked.Add(ref _outBytes, n);
        }

        /// <summary>Counts one message dropped because its client's queue was full.</summary>
        internal void RecordSlowConsumer()
        {
            Interlocked.Increment(ref _slowConsumers);
        }
    }
}
