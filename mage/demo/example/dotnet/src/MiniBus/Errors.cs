using System;

namespace MiniBus
{
    /// <summary>What went wrong; the Go package's sentinel errors.</summary>
    public enum ErrorCode
    {
        ServerClosed,
        ClientClosed,
        BadSubject,
        MaxPayload,
        DuplicateSid,
    }

    /// <summary>
    /// Thrown where the Go code returns an error; <see cref="Code"/> plays the
    /// part of errors.Is.
    /// </summary>
    public sealed class MiniBusException : Exception
    {
        public MiniBusException(ErrorCode code, string message)
            : base("minibus: " + message)
        {
            Code = code;
        }

        public ErrorCode Code { get; }
    }
}
