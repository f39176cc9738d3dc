/* Shared page helpers of the demo sites (no network calls). */
(function () {
  "use strict";
  window.scwatchDemo = { shareLabel: "기사 공유하기", copied: "주소가 복사되었습니다" };
})();
