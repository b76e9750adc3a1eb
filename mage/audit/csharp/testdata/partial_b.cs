namespace Partials
{
    public partial class Account
    {
        public string Name { get; set; } = "";

        public void Import() { throw new NotImplementedException(); }

        public void Overloaded(string s) { Name = s; }

        partial void OnChanged() { Name += "!"; }
    }
}
