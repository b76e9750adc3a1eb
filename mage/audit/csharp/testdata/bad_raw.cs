namespace Bad;

public class Raw
{
    public void Before() { }
    public string Broken() => """
        never closed
    public void Lost() { }
}
