#nullable enable
#pragma warning disable CS1591 // a { brace in a pragma comment
#define LOCAL_FLAG
using System;

namespace Preprocessor
{
    #region Types { with a brace in the region name
    public class Conditional
    {
#if NET8_0_OR_GREATER
        public void Modern(ReadOnlySpan<byte> data)
#else
        public void Modern(byte[] data)
#endif
        {
            _ = data.Length;
        }

#if DEBUG
        public void DebugOnly() { }
#elif TRACE
        public void TraceOnly() { }
#else
        public void ReleaseOnly() => throw new NotImplementedException();
#endif

        // Each branch opens its own body: only the branch selected is read.
#if FEATURE_A
        public int Either() {
            return 1;
#else
        public int Either() {
            return 2;
#endif
        }

        public void AfterEither() { }

        public int WithDirectiveInside()
        {
#if DEBUG
            return 1;
#else
            return 2;
#endif
        }

        public void StubUnderCondition()
        {
#if DEBUG
            throw new NotImplementedException();
#endif
        }

#if !NEVER
#region nested
        public void InRegionInIf() { }
#endregion
#endif
    }
    #endregion

#if WINDOWS
    public class WindowsOnly
    {
        public void Win() { }
    }
#else
    public class PosixOnly
    {
        public void Posix() { }
    }
#endif

    public class After
    {
        public void StillFound() { }
    }
}
