namespace Bad;

public class Conditions
{
#if DEBUG
    public void Debug() { }
}
#endif
#endif
