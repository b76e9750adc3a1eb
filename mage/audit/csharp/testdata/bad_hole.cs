namespace Bad;

public class Interpolation
{
    public string Broken(int x) => $"{x";
    public void After() { }
}
