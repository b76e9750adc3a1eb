using System;
using Xunit;

namespace Attributes;

[AttributeUsage(AttributeTargets.Method)]
public sealed class CheckAttribute : Attribute
{
    public CheckAttribute(string text) { Text = text; }
    public string Text { get; }
}

public class AttributeTests
{
    [Fact]
    public void PlainFact() { Assert.True(true); }

    [Fact(Skip = "needs a cluster")]
    public void SkippedFact() { }

    [Theory]
    [InlineData("a]", 1)]
    [InlineData("[b", 2)]
    public void TheoryWithBrackets(string s, int n) { Assert.NotNull(s); }

    [Theory(Skip = @"verbatim ""reason""")]
    [MemberData(nameof(Data))]
    public void SkippedTheory(int n) { }

    [Xunit.Fact, Check("two in one section")]
    public void QualifiedFact() { }

    [FactAttribute(DisplayName = "with a display name", Skip = "flaky on CI")]
    public void AttributeSuffix() { }

    [Fact(Skip = SkipReasons.Cluster)]
    public void SkipFromConstant() { }

    [Fact(Skip = "")]
    public void EmptySkipRuns() { }

    [NUnit.Framework.Test]
    public void NUnitTest() { }

    [Test, Ignore("not ported")]
    public void IgnoredNUnitTest() { }

    [TestMethod]
    [Ignore]
    public void IgnoredMsTest() { }

    [Check("a lambda-looking => { } text")]
    [Check(nameof(PlainFact))]
    public void NotATest() { }

    [return: Check("return target")]
    [method: Check("method target")]
    public int Targets() => 1;

    // Attributes cannot hold lambdas in C#, but a scanner must survive them.
    [Check(() => { return "}"; })]
    [Check(new[] { "{", "]" })]
    public void SurvivesLambdaInAttribute() { }

    [Obsolete("use the other one")] [Check("x")] public void TwoSectionsOnOneLine() { }

    public static IEnumerable<object[]> Data => new[] { new object[] { 1 } };
}

internal static class SkipReasons
{
    public const string Cluster = "cluster tests are deferred";
}
