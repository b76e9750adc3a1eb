using System;
using System.Collections.Generic;

namespace Properties;

public class Accessors
{
    private int _value;
    private readonly List<EventHandler> _handlers = new();

    public int Auto { get; set; }
    public int ReadOnlyAuto { get; }
    public int InitOnly { get; init; }
    public int WithInitializer { get; set; } = 42;
    public string Computed => _value.ToString();
    public int Full
    {
        get { return _value; }
        private set { _value = value; }
    }
    public int ExpressionAccessors
    {
        get => _value;
        set => _value = value;
    }
    [Obsolete]
    public int WithAttributes
    {
        [System.Diagnostics.DebuggerStepThrough] get { return 1; }
        [param: Obsolete] set { }
    }
    public string this[string key] { get { return key; } set { } }
    public int this[int a, int b] => a + b;

    public event EventHandler Changed
    {
        add { _handlers.Add(value); }
        remove { _handlers.Remove(value); }
    }
    public event EventHandler? StubEvent
    {
        add => throw new NotImplementedException();
        remove => throw new NotImplementedException();
    }
    public event EventHandler? FieldLike;
    public event EventHandler? One, Two;
    public required string Required { get; set; }
    public virtual int Virtual { get; protected set; }
    int IComparable.Explicit { get { return 0; } }
}

public abstract class AbstractProperties
{
    public abstract int Abstract { get; set; }
    public abstract event EventHandler AbstractEvent;
    public abstract int this[int i] { get; }
}
