namespace Bad;

public class Extra
{
    public void Before() { }
}
}
public class Next
{
    public void After() { }
}
