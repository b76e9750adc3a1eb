namespace Bad;

pubic class Typo
{
    public void Lost() { Run(); }
}

public union Shape
{
    public void Area() { Run(); }
}

public class Kept
{
    pubic void Inner() { Run(); }
    public void Found() { Run(); }
}
