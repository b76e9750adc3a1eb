namespace Bad;

public class Unclosed
{
    public void Before() { }
    public void Open() {
        if (true) {
    }
