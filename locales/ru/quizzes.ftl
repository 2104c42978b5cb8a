# Тесты для самопроверки. Ключи (слева от «=») одинаковы во всех языках; меняйте только текст справа.

cmd-quiz = Тесты: проверьте себя

quiz-btn-self-check = 🧠 Проверь себя
quiz-list-title =
    <b>Проверьте себя</b>
    Выберите тему. Вопросы приходят по одному, после ответа я объясню, какой ответ правильный и почему.
quiz-list-item = { $title } · { $count ->
    [one] { $count } вопрос
    [few] { $count } вопроса
   *[many] { $count } вопросов
}
quiz-mix = 🎲 Вперемешку: { $count } вопросов из всех тем
quiz-mix-title = Вопросы из всех тем
quiz-continue = ▶️ Продолжить тест: { $title }

quiz-number = Вопрос { $current } из { $total }
quiz-right = ✅ Верно! Правильный ответ: <b>{ $answer }</b>
quiz-wrong =
    ❌ Неверно. Ваш ответ: { $chosen }
    Правильный ответ: <b>{ $answer }</b>
quiz-source = Источник
quiz-btn-results = 📊 Итоги

quiz-results-title = 📊 Итоги: { $title }
quiz-score = Правильных ответов: { $score } из { $total } ({ $percent }%)
quiz-missed = Ошибки — и правильные ответы:
quiz-all-right = Всё верно, отлично! 🎉
quiz-btn-retake = 🔄 Пройти ещё раз
quiz-btn-list = 📝 Другие тесты

quiz-answered = На этот вопрос вы уже ответили.
quiz-old-button = Эта кнопка уже не действует.
quiz-below = Тест — в сообщении ниже.
quiz-gone = Этот тест уже недоступен. Откройте /quiz.
quiz-changed = Этот вопрос изменился, поэтому его пропускаем.
quiz-empty = В этом тесте пока нет вопросов. Выберите другой: /quiz.
