// A file-scoped namespace applies to every type in the file.
using System;

namespace ZB.MOM.NatsNet.Server;

public sealed partial class NatsServer
{
    public void Start() { }

    internal sealed class Tracker
    {
        public void Track() => throw new NotImplementedException();
    }
}

internal static class ServerHelpers
{
    public static int Helper(this NatsServer s) => 1;
}
