namespace MiniBus
{
    /// <summary>
    /// Configures a <see cref="NatsServer"/>; the default value is usable.
    /// Port of server.go's Options.
    /// </summary>
    public struct Options
    {
        public const string DefaultName = "minibus";
        public const int DefaultMaxPending = 64;
        public const int DefaultMaxPayload = 64 * 1024;

        /// <summary>Shown in <see cref="Monitoring.Stats"/>.</summary>
        public string Name { get; set; }

        /// <summary>Messages queued per client before it is a slow consumer.</summary>
        public int MaxPending { get; set; }

        /// <summary>Largest payload accepted, in bytes.</summary>
        public int MaxPayload { get; set; }

        /// <summary>Returns a copy with the options left unset filled in.</summary>
        public Options WithDefaults()
        {
            var o = this;
            if (string.IsNullOrEmpty(o.Name))
            {
                o.Name = DefaultName;
            }
            if (o.MaxPending <= 0)
            {
                o.MaxPending = DefaultMaxPending;
            }
            if (o.MaxPayload <= 0)
            {
                o.MaxPayload = DefaultMaxPayload;
            }
            return o;
        }
    }
}
