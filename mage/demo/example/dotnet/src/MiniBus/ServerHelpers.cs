namespace MiniBus
{
    /// <summary>The standalone functions of server.go.</summary>
    public static class ServerHelpers
    {
        /// <summary>Returns a server ready for clients.</summary>
        public static NatsServer NewServer(Options opts)
        {
            return new NatsServer(opts.WithDefaults());
        }
    }
}
