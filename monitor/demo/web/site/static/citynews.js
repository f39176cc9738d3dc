/* citynews: font size buttons and share menu (demo only, no network calls). */
document.addEventListener("DOMContentLoaded", function () {
  var share = document.querySelector(".share, .btn_share, .share_box");
  if (share) { share.setAttribute("data-label", window.scwatchDemo ? window.scwatchDemo.shareLabel : ""); }
});
