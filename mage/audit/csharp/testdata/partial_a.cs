namespace Partials;

public partial class Account
{
    public void Register() { Name = "a"; }

    public void Export() => throw new NotImplementedException();

    public void Overloaded(int x) => throw new NotImplementedException();

    partial void OnChanged();
}
