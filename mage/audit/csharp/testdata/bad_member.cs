namespace Bad;

public class Members
{
    public int Count Total => 1;
    public int Broken => ;
    public int Open => 2
}

public class Accessors
{
    public int Value { get; sett { } }
    public int Other { get set; }
    public int void() { return 0; }
}
