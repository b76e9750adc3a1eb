using System.Collections.Generic;
using System.Globalization;
using MiniBus.Subjects;

namespace MiniBus.Client
{
    /// <summary>
    /// One connection to a <see cref="NatsServer"/>. Port of client.go's client.
    /// Messages for its subscriptions wait in a bounded queue; when the queue is
    /// full the client is a slow consumer and the message is dropped, so a slow
    /// reader never blocks a publisher.
    /// </summary>
    internal sealed class ClientConnection
    {
        private readonly object _mu = new object();
        private bool _closed;
        private Dictionary<int, Subscription> _subs = new Dictionary<int, Subscription>();
        private readonly Queue<Message> _pending = new Queue<Message>();

        internal ClientConnection(ulong cid, string name, NatsServer server, int maxPending)
        {
            Cid = cid;
            Name = name;
            Server = server;
            MaxPending = maxPending;
        }

        internal ulong Cid { get; }

        internal string Name { get; }

        internal NatsServer Server { get; }

        internal int MaxPending { get; }

        /// <summary>Registers interest in <paramref name="pattern"/> under <paramref name="sid"/>.</summary>
        internal void Subscribe(string pattern, int sid)
        {
            if (!SubjectHelpers.ValidPattern(pattern))
            {
                throw new MiniBusException(ErrorCode.BadSubject, "invalid subject: \"" + pattern + "\"");
            }
            Subscription sub;
            lock (_mu)
            {
                if (_closed)
                {
                    throw new MiniBusException(ErrorCode.ClientClosed, "client closed");
                }
                if (_subs.ContainsKey(sid))
                {
                    throw new MiniBusException(ErrorCode.DuplicateSid, "subscription id in use: " + sid.ToString(CultureInfo.InvariantCulture));
                }
                sub = new Subscription(this, sid, pattern);
                _subs[sid] = sub;
            }

            Server.AddSubscription(sub);
        }

        /// <summary>Drops subscription <paramref name="sid"/> and reports whether it existed.</summary>
        internal bool Unsubscribe(int sid)
        {
            Subscription sub;
            bool ok;
            lock (_mu)
            {
                ok = _subs.TryGetValue(sid, out sub);
                _subs.Remove(sid);
            }

            if (ok)
            {
                Server.RemoveSubscription(sub);
            }
            return ok;
        }

        /// <summary>Sends <paramref name="data"/> on <paramref name="subject"/> and returns how many subscriptions took it.</summary>
        internal int Publish(string subject, byte[] data)
        {
            if (!SubjectHelpers.ValidSubject(subject))
            {
                throw new MiniBusException(ErrorCode.BadSubject, "invalid subject: \"" + subject + "\"");
            }
            var limit = Server.Opts.MaxPayload;
            if (data.Length > limit)
            {
                throw new MiniBusException(ErrorCode.MaxPayload, string.Format(CultureInfo.InvariantCulture,
                    "payload too large: {0} > {1} bytes", data.Length, limit));
            }
            bool closed;
            lock (_mu)
            {
                closed = _closed;
            }
            if (closed)
            {
                throw new MiniBusException(ErrorCode.ClientClosed, "client closed");
            }

            Server.RecordIn(data.Length);
            return Server.Route(subject, data);
        }

        /// <summary>
        /// Queues <paramref name="m"/> and reports whether it was accepted. A full
        /// queue counts the client as a slow consumer and drops the message.
        /// </summary>
        internal bool Deliver(Message m)
        {
            lock (_mu)
            {
                if (_closed)
                {
                    return false;
                }
                if (_pending.Count >= MaxPending)
                {
                    Server.RecordSlowConsumer();
                    return false;
                }
                _pending.Enqueue(m);
                return true;
            }
        }

        /// <summary>Takes the oldest queued message, if any.</summary>
        internal bool Next(out Message m)
        {
            lock (_mu)
            {
                if (_pending.Count == 0)
                {
                    m = default(Message);
                    return false;
                }
                m = _pending.Dequeue();
                return true;
            }
        }

        /// <summary>Discards the queue and subscriptions. Calling it again does nothing.</summary>
        internal void Close()
        {
            lock (_mu)
            {
                if (_closed)
                {
                    return;
                }
                _closed = true;
                _subs = new Dictionary<int, Subscription>();
                _pending.Clear();
            }

            Server.RemoveClient(this);
        }

        /// <summary>Names the client in logs: cid:3 "orders-api".</summary>
        public override string ToString()
        {
            return string.Format(CultureInfo.InvariantCulture, "cid:{0} \"{1}\"", Cid, Name);
        }
    }
}
