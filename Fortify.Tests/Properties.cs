// Each collection starts a whole stack; two at once would starve this 2-core machine.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
