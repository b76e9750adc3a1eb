namespace Bad;

public class Strings
{
    public void Before() { }
    public string Broken() { return "no end; }
    public void After() { }
}
