namespace Bad;

public class Strays
{
    public void Before() { Run(); }
    public void Smart()​{ Run(); }
    public void After() { Run(); }
    \ public void Escaped() { Run(); }
}
