# Домашние задания: тест для группы со сроком, список заданий ученика, результаты для координатора.

cmd-homework = Мои задания

homework-ask-quiz = Какой тест задать группе «{ $name }»?
homework-btn-mix = 🎲 Вопросы вперемешку
homework-ask-count = Сколько вопросов?
homework-btn-all = Все ({ $count })
homework-ask-mark = Какой проходной балл? Обычно — 70%.
homework-ask-due = К какому сроку?
homework-btn-3d = Через 3 дня
homework-btn-week = Через неделю
homework-btn-date = Написать дату
homework-ask-date = Напишите дату, например 15.12, «5 декабря» или «в пятницу». Срок — до конца этого дня. Передумали — /cancel.
homework-date-not-a-date = Не получилось понять дату. Напишите её так: 15.12, «5 декабря» или «в пятницу».
homework-date-too-late = Этот день уже прошёл. Напишите сегодняшнюю дату или более позднюю.
homework-date-next-year = { $day } в этом году уже прошло. Вы имели в виду { $meant }? Если нет — напишите другую дату.
homework-date-too-far = Это больше чем через год. Напишите дату поближе.
homework-set = Готово: тест «{ $title }» задан группе «{ $name }», срок — до конца дня { $date }. Участников, которым я напишу: { $count }.

homework-new = 📝 Новое задание от группы «{ $group }»: тест «{ $title }», { $count ->
    [one] { $count } вопрос
    [few] { $count } вопроса
   *[many] { $count } вопросов
}. Сделайте до { $date }.
homework-nudge = ⏰ Скоро срок: задание группы «{ $group }», тест «{ $title }», — до конца дня { $date }. Вы его ещё не закончили.
homework-btn-start = ▶️ Начать
homework-not-yours = Это задание вам недоступно.

homework-title = <b>Ваши задания</b> (сначала те, что ещё можно сделать в срок):
homework-none = Заданий пока нет. Задания дают учителя в группах — вступить в группу: /join.
homework-until = до { $date }
homework-status-not-started = не начато
homework-status-in-progress = начато, не закончено
homework-status-done = сделано: { $score }%
homework-status-late = сделано с опозданием: { $score }%
homework-status-missed = срок прошёл
homework-practice = (ещё тренировочных попыток: { $count })
homework-below-mark = — меньше проходного балла, нужно { $mark }%
homework-btn-go = ▶️ { $title }
homework-btn-redo = 🔁 Ещё раз для тренировки: { $title }
homework-btn-late = ▶️ Сделать с опозданием: { $title }
homework-progress = сделали { $done } из { $count }

homework-results-pick = Результаты какого задания показать?
homework-results-title = <b>📊 { $title }</b>, срок { $date }, проходной балл { $mark }%
homework-results-average = Средний балл: { $average }%
homework-results-no-average = Пока никто не закончил тест.
homework-results-passed = Набрали { $mark }% и больше: { $passed } из { $count } ({ $rate }%)
homework-results-finished = закончил(а) { $day } в { $time }
homework-results-hardest = Самые трудные вопросы:
homework-results-wrong = ошиблись { $wrong } из { $answered }
homework-question-gone = (вопрос убран из теста)
homework-btn-csv = 📄 Файл для Excel
homework-csv-name = Имя
homework-csv-status = Статус
homework-csv-score = Балл, %
homework-csv-finished = Закончил(а)
homework-csv-right = верно
homework-csv-wrong = неверно
homework-csv-practice = Тренировочных попыток
homework-csv-not-started = не начато
homework-csv-in-progress = не закончено
homework-csv-done = сделано
homework-csv-late = с опозданием
homework-csv-missed = пропущено

# Изменить задание после того, как оно задано: кто не начал, новый срок, отмена.
homework-btn-waiting = 🙋 Кто ещё не начал
homework-btn-move = 📅 Продлить срок
homework-btn-cancel = 🚫 Отменить задание
homework-card-cancelled = отменено
homework-results-cancelled = 🚫 Задание отменено: у учеников его больше нет. Результаты остаются здесь.
homework-waiting-title = <b>🙋 { $title }</b>, срок { $date }
homework-waiting-not-started = Ещё не начинали ({ $count }): { $names }
homework-waiting-everybody-started = Все участники уже начали задание.
homework-waiting-unfinished = Начали, но не закончили ({ $count }): { $names }
homework-move-ask = 📅 Новый срок для «{ $title }» (сейчас — до { $date }). Срок — до конца выбранного дня.
homework-btn-move-by = До { $date } (+{ $days ->
    [one] { $days } день
    [few] { $days } дня
   *[many] { $days } дней
})
homework-move-done = 📅 Готово: новый срок — до конца дня { $date }. Ученикам, которые ещё не сделали задание, я напишу.
homework-move-same = Срок и так до конца дня { $date }.
homework-cancel-sure = Отменить задание «{ $title }» группы «{ $name }»? Ученики больше не увидят его в /homework и не получат напоминаний, я напишу им, что задание отменено. Результаты останутся у вас. Вернуть задание будет нельзя.
homework-btn-cancel-yes = Да, отменить задание
homework-cancel-done = 🚫 Задание отменено. Ученикам я напишу об этом.
homework-cancelled-already = Это задание уже отменено.
homework-cancelled-notice = Это задание отменено — делать его не нужно.
homework-moved = 📅 Новый срок: задание группы «{ $group }», тест «{ $title }», — теперь до конца дня { $date }.
homework-cancelled = 🚫 Задание группы «{ $group }», тест «{ $title }», отменено. Делать его не нужно.
