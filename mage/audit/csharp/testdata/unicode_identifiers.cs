namespace Names;

public class Café
{
    public int \u0041lpha() => 1;
    public int \U00000042eta { get; }
    public void Δelta() { Run(); }
    public void 日本() { Run(); }
    public void NaïvéMark() { Run(); }
    public void Tie‿Break() { Run(); }
    public void Zero‍Join() { Run(); }
    public void \u0063lass() { Run(); }
    public void @\u0069f() { Run(); }
    public Café() { }
}
