using System;

var port = args.Length > 0 ? int.Parse(args[0]) : 4222;
if (port < 0)
{
    return;
}
else
{
    Console.WriteLine(port);
}
try { Serve(port); } finally { Console.WriteLine("done"); }
static void Serve(int p) { Console.WriteLine(p); }

public partial class Program
{
    public static int Version() => 2;
}

void Late() { }
