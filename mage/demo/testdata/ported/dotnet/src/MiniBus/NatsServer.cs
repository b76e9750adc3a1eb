using System.Collections.Generic;
using System.Diagnostics;
using MiniBus.Client;

namespace MiniBus
{
    /// <summary>
    /// Routes messages between its clients. Port of server.go's Server; the
    /// counters are in NatsServer.Stats.cs.
    /// </summary>
    public sealed partial class NatsServer
    {
        private readonly Options _opts;
        private readonly Stopwatch _uptime = Stopwatch.StartNew();

        private readonly object _mu = new object();
        private bool _closed;
        private ulong _lastCid;
        private readonly Dictionary<ulong, ClientConnection> _clients = new Dictionary<ulong, ClientConnection>();
        private readonly HashSet<Subscription> _subs = new HashSet<Subscription>();

        internal NatsServer(Options opts)
        {
            _opts = opts;
        }

        internal Options Opts => _opts;

        /// <summary>The server's name from its options.</summary>
        public string Name => _opts.Name;

        /// <summary>Registers a new client under the next client ID.</summary>
        internal ClientConnection Connect(string name)
        {
            lock (_mu)
            {
                if (_closed)
                {
                    throw new MiniBusException(ErrorCode.ServerClosed, "server closed");
                }
                _lastCid++;
                var c = new ClientConnection(_lastCid, name, this, _opts.MaxPending);
                _clients[c.Cid] = c;
                return c;
            }
        }

        /// <summary>Makes <paramref name="sub"/> visible to <see cref="Route"/>.</summary>
        internal void AddSubscription(Subscription sub)
        {
            lock (_mu)
            {
                _subs.Add(sub);
            }
        }

        /// <summary>Hides <paramref name="sub"/> from <see cref="Route"/>.</summary>
        internal void RemoveSubscription(Subscription sub)
        {
            lock (_mu)
            {
                _subs.Remove(sub);
            }
        }

        /// <summary>
        /// Hands a message to every subscription whose pattern matches
        /// <paramref name="subject"/> and returns how many accepted it. Matches
        /// are collected under the server lock and delivered after it is
        /// released, so the server lock is never held while a client lock is taken.
        /// </summary>
        internal int Route(string subject, byte[] data)
        {
            var matched = new List<Subscription>();
            lock (_mu)
            {
                foreach (var sub in _subs)
                {
                    if (sub.Matches(subject))
                    {
                        matched.Add(sub);
                    }
                }
            }

            var delivered = 0;
            foreach (var sub in matched)
            {
                if (sub.Client.Deliver(new Message(subject, sub.Sid, data)))
                {
                    RecordOut(data.Length);
                    delivered++;
                }
            }
            return delivered;
        }

        /// <summary>Forgets <paramref name="c"/> and every subscription it held.</summary>
        internal void RemoveClient(ClientConnection c)
        {
            lock (_mu)
            {
                _clients.Remove(c.Cid);
                _subs.RemoveWhere(sub => sub.Client == c);
            }
        }

        /// <summary>The number of connected clients.</summary>
        public int NumClients()
        {
            lock (_mu)
            {
                return _clients.Count;
            }
        }

        /// <summary>The number of subscriptions over all clients.</summary>
        public int NumSubscriptions()
        {
            lock (_mu)
            {
                return _subs.Count;
            }
        }

        /// <summary>
        /// Closes every client; connects after it fail with
        /// <see cref="ErrorCode.ServerClosed"/>. Calling it again does nothing.
        /// </summary>
        public void Shutdown()
        {
            List<ClientConnection> clients;
            lock (_mu)
            {
                if (_closed)
                {
                    return;
                }
                _closed = true;
                clients = new List<ClientConnection>(_clients.Values);
            }

            foreach (var c in clients)
            {
                c.Close();
            }
        }
    }
}
