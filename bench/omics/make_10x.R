# 60,000-cell 10x directory in the current folder: matrix.mtx (1,000 genes, ~100 non-zero per
# cell, integer, sorted by cell as 10x writes it), features.tsv, barcodes.tsv, metadata.csv
# (barcode, sample, celltype, condition; 8 samples in 2 groups, 8 cell types).
suppressMessages(library(data.table))
set.seed(5)
n <- 60000; G <- 1000
smp <- sample(sprintf("S%d", 1:8), n, replace = TRUE)
cond <- ifelse(smp %in% sprintf("S%d", 1:4), "high", "low")
types <- sprintf("type%d", 1:8)
pr <- c(0.3, 0.2, 0.15, 0.1, 0.1, 0.08, 0.05, 0.02)
ct <- vapply(seq_len(n), function(i) "", "")
for (s in unique(smp)) {
  idx <- which(smp == s); p <- pr * exp(rnorm(8, 0, 0.2)); if (cond[idx[1]] == "high") p[2] <- p[2] * 1.5
  ct[idx] <- sample(types, length(idx), replace = TRUE, prob = p)
}
bc <- sprintf("AAAC%06d-1", 1:n)
k <- rpois(n, 100); k[1:30] <- 0L            # a few empty cells
rows <- unlist(lapply(k, function(kk) sort(sample.int(G, min(kk, G)))))
cols <- rep(seq_len(n), pmin(k, G))
vals <- rpois(length(rows), 2) + 1L
writeLines(c("%%MatrixMarket matrix coordinate integer general", sprintf("%d %d %d", G, n, length(rows))), "matrix.mtx")
fwrite(data.table(rows, cols, vals), "matrix.mtx", sep = " ", append = TRUE, col.names = FALSE)
writeLines(sprintf("ENSG%08d\tGENE%d\tGene Expression", 1:G, 1:G), "features.tsv")
writeLines(bc, "barcodes.tsv")
fwrite(data.table(barcode = bc, sample = smp, celltype = ct, condition = cond), "metadata.csv")
