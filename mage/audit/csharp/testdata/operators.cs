namespace Operators;

public readonly struct Vec
{
    public Vec(int x) { X = x; }
    public int X { get; }
    public static Vec operator +(Vec a, Vec b) => new(a.X + b.X);
    public static Vec operator -(Vec a, Vec b) => new(a.X - b.X);
    public static Vec operator -(Vec a) => new(-a.X);
    public static Vec operator +(Vec a) => a;
    public static Vec operator *(Vec a, int k) => new(a.X * k);
    public static bool operator ==(Vec a, Vec b) => a.X == b.X;
    public static bool operator !=(Vec a, Vec b) => !(a == b);
    public static bool operator <(Vec a, Vec b) => a.X < b.X;
    public static bool operator >(Vec a, Vec b) => a.X > b.X;
    public static bool operator <=(Vec a, Vec b) => a.X <= b.X;
    public static bool operator >=(Vec a, Vec b) => a.X >= b.X;
    public static Vec operator <<(Vec a, int n) => new(a.X << n);
    public static Vec operator >>(Vec a, int n) => new(a.X >> n);
    public static Vec operator >>>(Vec a, int n) => new(a.X >>> n);
    public static Vec operator ++(Vec a) => new(a.X + 1);
    public static Vec operator --(Vec a) { throw new System.NotImplementedException(); }
    public static bool operator true(Vec a) => a.X != 0;
    public static bool operator false(Vec a) => a.X == 0;
    public static Vec operator !(Vec a) => a;
    public static Vec operator ~(Vec a) => new(~a.X);
    public static Vec operator checked +(Vec a, Vec b) => new(checked(a.X + b.X));
    public static implicit operator int(Vec v) => v.X;
    public static explicit operator Vec(int x) => new(x);
    public static explicit operator checked byte(Vec v) => checked((byte)v.X);
    public static implicit operator (int, int)(Vec v) => (v.X, 0);
    public void operator +=(Vec other) { }
    public override bool Equals(object? o) => o is Vec v && v == this;
    public override int GetHashCode() => X;
}
