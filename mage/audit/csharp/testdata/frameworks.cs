// builds: net8.0=NET,NET8_0,NET8_0_OR_GREATER,NETCOREAPP; netstandard2.0=NETSTANDARD,NETSTANDARD2_0; net10.0=NET,NET10_0,NET8_0_OR_GREATER,NET10_0_OR_GREATER,NETCOREAPP
namespace Multi;

public class Client
{
    public void Everywhere() { Run(); }
#if NET8_0_OR_GREATER
    public void SpanOnly(ReadOnlySpan<byte> b) { Run(); }
#if NET10_0_OR_GREATER
    public void Newest() { Run(); }
#endif
#else
    public void Legacy(byte[] b) { Run(); }
#endif
#if NETSTANDARD
    pubic void Typo() { Run(); }
#endif
    public int Shared =>
#if NET
        1;
#else
        2;
#endif
}
