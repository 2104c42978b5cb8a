# Self-check quizzes. Keys (left of "=") are the same in every language; change only the text on the right.

cmd-quiz = Quizzes: test yourself

quiz-btn-self-check = 🧠 Test yourself
quiz-list-title =
    <b>Test yourself</b>
    Pick a topic. Questions come one at a time; after each answer I explain which one is right and why.
quiz-list-item = { $title } · { $count ->
    [one] { $count } question
   *[other] { $count } questions
}
quiz-mix = 🎲 Mixed: { $count } questions from every topic
quiz-mix-title = Questions from every topic
quiz-continue = ▶️ Continue the quiz: { $title }

quiz-number = Question { $current } of { $total }
quiz-right = ✅ Right! The answer: <b>{ $answer }</b>
quiz-wrong =
    ❌ Not quite. Your answer: { $chosen }
    The right answer: <b>{ $answer }</b>
quiz-source = Source
quiz-btn-results = 📊 Results

quiz-results-title = 📊 Results: { $title }
quiz-score = Right answers: { $score } of { $total } ({ $percent }%)
quiz-missed = Mistakes, with the right answers:
quiz-all-right = All right, well done! 🎉
quiz-btn-retake = 🔄 Take it again
quiz-btn-list = 📝 Other quizzes

quiz-answered = You have already answered this question.
quiz-old-button = This button no longer works.
quiz-below = The quiz is in the message below.
quiz-gone = This quiz is no longer available. Open /quiz.
quiz-changed = This question has changed, so it is skipped.
quiz-empty = This quiz has no questions yet. Pick another one: /quiz.
