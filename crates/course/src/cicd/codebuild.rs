//! codebuild: findings and results in words (English and Vietnamese).
