using System;
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
            throw new NotImplementedException();
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
            throw new NotImplementedException();
        }

        /// <summary>
        /// Hands a message to every subscription whose pattern matches
        /// <paramref name="subject"/> and returns how many accepted it. Matches
        /// are collected under the server lock and delivered after it is
        /// released, so the server lock is never held while a client lock is taken.
        /// </summary>
        internal int Route(string subject, byte[] data)
        {
            throw new NotImplementedException();
        }

        /// <summary>Forgets <paramref name="c"/> and every subscription it held.</summary>
        internal void RemoveClient(ClientConnection c)
        {
            throw new NotImplementedException();
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
            throw new NotImplementedException();
        }
    }
}
