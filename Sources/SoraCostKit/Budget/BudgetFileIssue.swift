/// One problem in a budgets file: the file, then a line and column (malformed JSON) or the
/// budget (`item`: index and name) and field, as in `budgets[1] "team": period`.
public typealias BudgetFileIssue = ConfigIssue

/// A budgets file that cannot be used, with every issue found.
public typealias BudgetFileError = ConfigError
