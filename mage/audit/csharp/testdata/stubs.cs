using System;

namespace Stubs;

public class Classified<T>
{
    public void ThrowsStatement() { throw new NotImplementedException(); }
    public void ThrowsWithMessage() { throw new NotImplementedException("port of server.go:120"); }
    public void ThrowsQualified() { throw new System.NotImplementedException(); }
    public void ThrowsGlobal() { throw new global::System.NotImplementedException(); }
    public void ThrowsWithTrailingComment() { throw new NotImplementedException(); // later
    }
    public int ThrowsThenReturnsDefault() { throw new NotImplementedException(); return default; }
    public void ThrowsExpression() => throw new NotImplementedException();
    public void ThrowsInterpolated(int id) => throw new NotImplementedException($"feature {id} {{pending}}");
    public void Empty() { }
    public void OnlyMarker()
    {
        // TODO: port
    }
    public T? MarkerThenReturnDefault()
    {
        // TODO: port
        return default;
    }
    public T? ReturnDefaultOfT() { return default(T); }
    public T ReturnDefaultForgiving() { return default!; }
    public bool MarkerThenLiteral()
    {
        /* TODO: port */
        return false;
    }
    public string? MarkerThenNull() { return null; } // TODO: port is outside the body
    public void OnlyOtherComment() { /* nothing to release */ }
    public T? ExpressionDefault() => default;

    public void ThrowsOtherException() { throw new NotSupportedException(); }
    public void StatementThenThrow() { Console.WriteLine("x"); throw new NotImplementedException(); }
    public void ThrowThenStatement() { throw new NotImplementedException(); Console.WriteLine("x"); }
    public bool ReturnsLiteralWithoutMarker() { return false; }
    public void ConditionalThrow(bool b) { if (b) throw new NotImplementedException(); }
    public void ThrowsVariable(Exception e) { throw e; }
    public void ThrowsNotImplementedSubclass() { throw new NotImplementedFeatureException(); }
    public void ThrowsThenReturnsValue() { throw new NotImplementedException(); return 42; }
    public int Expression() => 42;

    public int StubProperty { get { throw new NotImplementedException(); } set => throw new NotImplementedException(); }
    public int HalfStubProperty { get => 1; set => throw new NotImplementedException(); }
    public int ExpressionStubProperty => throw new NotImplementedException();
    public int AutoProperty { get; private set; }
    public int this[int i] { get => throw new NotImplementedException(); }
}

public class NotImplementedFeatureException : Exception { }
