namespace Bad;

public class Open
{
    public void Kept() { Run(); }
    #if DEBUG
    public void Debug() { Run(); }
}
