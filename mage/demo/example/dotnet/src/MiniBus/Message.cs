namespace MiniBus
{
    /// <summary>
    /// A published message as one subscription receives it. <see cref="Data"/>
    /// is shared by every receiver and must not be modified.
    /// </summary>
    public readonly struct Message
    {
        public Message(string subject, int sid, byte[] data)
        {
            Subject = subject;
            Sid = sid;
            Data = data;
        }

        public string Subject { get; }

        public int Sid { get; }

        public byte[] Data { get; }
    }
}
