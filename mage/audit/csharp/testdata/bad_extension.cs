namespace Bad;

public class NotStatic
{
    extension(string s)
    {
        public int Twice() => s.Length * 2;
    }
}

public static class Generic<T>
{
    extension(T t)
    {
        public T Self() => t;
    }
}

public static class Outer
{
    public static class Inner
    {
        extension(int n)
        {
            public int Half() => n / 2;
        }
    }
}

public static class Fine
{
    extension(long n)
    {
        public long Double() => n * 2;
    }
}
