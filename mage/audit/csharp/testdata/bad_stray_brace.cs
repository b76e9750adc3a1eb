namespace Bad;

public class Server
{
    public void Start() { Run(); }
    }
    public void Stop() { Run(); }
    public int Port => 4222;
}
