import type { CheckoutApprovalStrings } from '../en/checkout-approval.js';

const checkoutApproval: CheckoutApprovalStrings = {
  approvalTitle: 'स्वीकृति आवश्यक',
  approvalOverDueNow: 'इस ऑर्डर पर आज {amount} देय है, जो आपकी कंपनी की {limit} की सीमा से अधिक है: ऑर्डर देने से पहले आपकी कंपनी का बिलिंग एडमिन इसे स्वीकृत करता है।',
  approvalOverYearly: 'यह ऑर्डर हर साल {amount} जोड़ता है, जो आपकी कंपनी की {limit} की सीमा से अधिक है: ऑर्डर देने से पहले आपकी कंपनी का बिलिंग एडमिन इसे स्वीकृत करता है।',
  approvalRole: 'आपकी कंपनी की खरीद नीति के अनुसार आपकी खरीदारी ऑर्डर होने से पहले बिलिंग एडमिन द्वारा स्वीकृत होती है।',
  approvalTotal: 'आज देय सटीक कुल राशि',
  approvalCard: 'अभी कोई शुल्क नहीं लिया जाएगा: बिलिंग एडमिन की स्वीकृति के बाद आपकी कंपनी के डिफ़ॉल्ट कार्ड से शुल्क लिया जाएगा।',
  approvalNote: 'स्वीकृत करने वाले के लिए नोट (वैकल्पिक)',
  submitForApproval: 'स्वीकृति के लिए भेजें',
  submittingForApproval: 'भेजा जा रहा है…',
  requestSentTitle: 'स्वीकृति के लिए भेजा गया',
  requestSent: '{plan} के लिए आपका अनुरोध (आज देय {amount}) आपकी कंपनी के बिलिंग एडमिन की प्रतीक्षा में है। यह {date} को समाप्त हो जाएगा।',
  requestSentOutcome: 'परिणाम आपको स्वीकृतियाँ में दिखेगा।',
  requestSentPo: 'पीओ नंबर: {po}',
  planNotAllowed: 'आपकी कंपनी की खरीद नीति में यह प्लान शामिल नहीं है। कोई दूसरा प्लान चुनें, या अपनी कंपनी के बिलिंग एडमिन से इसे जोड़ने को कहें।',
};
export default checkoutApproval;
