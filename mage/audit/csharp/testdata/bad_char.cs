namespace Bad;

public class Chars
{
    public char Broken() { return 'ab; }
    public void After() { }
}
