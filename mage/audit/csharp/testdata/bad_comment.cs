namespace Bad;

public class Comments
{
    public void Before() { }
    /* never closed
    public void Lost() { }
}
