using System;
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
            throw new NotImplementedException();
        }

        /// <summary>Drops subscription <paramref name="sid"/> and reports whether it existed.</summary>
        internal bool Unsubscribe(int sid)
        {
            throw new NotImplementedException();
        }

        /// <summary>Sends <paramref name="data"/> on <paramref name="subject"/> and returns how many subscriptions took it.</summary>
        internal int Publish(string subject, byte[] data)
        {
            throw new NotImplementedException();
        }

        /// <summary>
        /// Queues <paramref name="m"/> and reports whether it was accepted. A full
        /// queue counts the client as a slow consumer and drops the message.
        /// </summary>
        internal bool Deliver(Message m)
        {
            throw new NotImplementedException();
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
            throw new NotImplementedException();
        }

        /// <summary>Names the client in logs: cid:3 "orders-api".</summary>
        public override string ToString()
        {
            return string.Format(CultureInfo.InvariantCulture, "cid:{0} \"{1}\"", Cid, Name);
        }
    }
}
