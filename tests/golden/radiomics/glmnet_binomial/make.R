# glmnet binomial goldens for models/src/selection (penalised logistic).
# data.csv: y, x1..x6 (%.17g); coef.csv: alpha, lambda, intercept, b1..b6.
suppressMessages(library(glmnet))
set.seed(7)
n <- 120
x <- matrix(rnorm(n * 6), n, 6)
x[, 2] <- x[, 2] * 3 + 1
x[, 5] <- x[, 1] * 0.6 + rnorm(n, sd = 0.5)
eta <- -0.3 + 1.2 * x[, 1] - 0.25 * x[, 2] + 0.6 * x[, 3]
y <- rbinom(n, 1, plogis(eta))
d <- cbind(y, x)
colnames(d) <- c("y", paste0("x", 1:6))
writeLines(c(paste(colnames(d), collapse = ","),
             apply(d, 1, function(r) paste(sprintf("%.17g", r), collapse = ","))), "data.csv")
rows <- c()
for (a in c(1, 0.5, 0)) for (l in c(0.1, 0.03, 0.005)) {
  f <- glmnet(x, y, family = "binomial", alpha = a, lambda = l, thresh = 1e-14, maxit = 1e7)
  b <- as.numeric(coef(f))
  rows <- c(rows, paste(sprintf("%.17g", c(a, l, b)), collapse = ","))
}
writeLines(c("alpha,lambda,intercept,b1,b2,b3,b4,b5,b6", rows), "coef.csv")
writeLines(c(R.version.string, paste("glmnet", packageVersion("glmnet"))), "versions.txt")
