# 20,000 genes x 200 samples, two groups (100 each): expr.csv + samples.csv in the current folder.
set.seed(1)
G <- 20000; n <- 200
grp <- rep(c("A", "B"), each = n / 2)
y <- matrix(rnorm(G * n, rep(rnorm(G, 8, 2), n), 0.5), G, n)
y[1:2000, grp == "B"] <- y[1:2000, grp == "B"] + 0.5
y <- round(y, 4)
rownames(y) <- sprintf("g%05d", 1:G); colnames(y) <- sprintf("S%03d", 1:n)
data.table::fwrite(data.frame(gene = rownames(y), y), "expr.csv")
write.csv(data.frame(sample = colnames(y), group = grp), "samples.csv", row.names = FALSE, quote = FALSE)
