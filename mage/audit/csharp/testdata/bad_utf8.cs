namespace Bad;

public class Encoding
{
    public void Before() { }
    // café in Latin-1
    public void After() { }
}
